/**
 * The {@code ./scoring} command line (picocli): {@code ScoringCli} and one class per command ({@code ScoreCommand},
 * {@code BatchCommand}, {@code DemoCommand}, {@code ServeCommand}, {@code RolloutCommand}, {@code MonitorCommand},
 * {@code ModelsCommand}, {@code AdviseCommand}, {@code UpCommand} and more), with the demos and helpers they share
 * ({@code RuntimeOptions}, {@code ModelSources}, {@code SamEnvVars}). Commands parse their options and call the core
 * or the local runtime; they hold no scoring logic.
 */
package com.anycompany.scoring.cli;
