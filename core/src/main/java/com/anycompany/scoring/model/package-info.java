/**
 * Models and their artifacts: a {@code ModelCard} ({@code ModelCards}) describes a version's features, outputs and
 * limits; a {@code ModelArtifact} is read from JSON, UBJSON, legacy binary, pickle or tar.gz with size and integrity
 * checks; {@code ModelLoader} and {@code ModelCache} load versions from a {@code ModelStore} (S3 or {@code
 * FolderModelStore}) into {@code LoadedModel}s, and {@code ClientModelResolver} picks a client's model. Bad records
 * are {@code InvalidRecordException}s.
 */
package com.anycompany.scoring.model;
