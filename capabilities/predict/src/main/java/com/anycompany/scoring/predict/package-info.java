/**
 * The synchronous predict API: {@code PredictionService} handles {@code /v1/models/{name}/predict} requests ({@code
 * ApiRequest}, {@code ApiResponse}) within {@code PredictionLimits}, resolves the model through a {@code
 * ModelCatalog}, and answers errors as {@code ApiError} with {@code FieldError}s naming fields, never values; {@code
 * PredictWiring} builds it from the environment.
 */
package com.anycompany.scoring.predict;
