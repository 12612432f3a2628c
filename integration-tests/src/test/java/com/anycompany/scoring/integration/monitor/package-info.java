/**
 * The fraud path's online drift metrics checked against the drift alarms that {@code template.yaml} defines.
 */
package com.anycompany.scoring.integration.monitor;
