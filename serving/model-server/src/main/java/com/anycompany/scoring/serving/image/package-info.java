/**
 * Builds the model server's container image without Docker: {@code OciImageBuilder} writes an OCI image layout
 * (manifest, config, layers) whose layers {@code TarWriter} writes as reproducible tar archives.
 */
package com.anycompany.scoring.serving.image;
