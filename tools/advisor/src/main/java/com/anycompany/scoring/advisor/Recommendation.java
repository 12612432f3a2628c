package com.anycompany.scoring.advisor;

import java.util.List;

/**
 * The advisor's answer for one profile.
 *
 * @param architecture the Lambda architecture recommended (the cheaper feasible one)
 * @param notes        assumptions and caveats a reader must know to trust the numbers
 */
public record Recommendation(ModelProfile profile, Measurement measurement, Workload workload, ModeDecision mode,
                             StrategyDecision strategy, LambdaSizing lambda, String architecture,
                             List<CostLine> costs, String templateSnippet, List<String> notes, String pricesRetrieved,
                             String pricesRegion) {
}
