/**
 * The pure-Java XGBoost engine: {@code XgbTreeModelLoader} turns a model artifact into a {@code Forest} (or a {@code
 * LinearModel}), {@code JavaEngine} compiles it into a {@code CompiledModel} that scores rows with the model's {@code
 * Objective}, and {@code TreeShap} computes exact per-feature contributions ({@code Reason}) for explanations. {@code
 * Engines} chooses the engine.
 */
package com.anycompany.scoring.engine;
