package com.anycompany.scoring.rollout;

import com.anycompany.scoring.model.ModelRef;

/**
 * Which version serves one request, and which version (if any) scores it in the shadow.
 *
 * @param serving the version whose answer is served
 * @param arm     why: "fixed", "champion", "challenger" or "client"
 * @param shadow  a version that also scores the request, never served (null when none)
 */
public record Route(ModelRef serving, String arm, ModelRef shadow) {
}
