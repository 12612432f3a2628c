/**
 * One way to serve a model: {@link com.anycompany.scoring.wiring.ServingEnvironment} reads the serving variables of a
 * function's environment once (their names are declared here and nowhere else), and
 * {@link com.anycompany.scoring.wiring.ModelServing} builds from it the parts every scoring function needs: routing
 * (a pinned version or the registry's champion/challenger aliases), loading (the model store and the engine), caching
 * (the byte-budgeted {@link com.anycompany.scoring.model.ModelCache}) and CloudWatch EMF metrics. The fraud, predict,
 * batch and recommendations capabilities build their services on it; it knows no Lambda event classes.
 */
package com.anycompany.scoring.wiring;
