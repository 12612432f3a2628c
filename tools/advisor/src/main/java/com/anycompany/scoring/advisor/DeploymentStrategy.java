package com.anycompany.scoring.advisor;

/**
 * How a new model version takes traffic. On Lambda: a CodeDeploy traffic shift on the {@code live} alias
 * (SAM DeploymentPreference); on SageMaker: a blue/green endpoint update with the same shape. Alarms on errors,
 * throttles and p99 duration roll a shift back.
 *
 * @param kind            LINEAR, CANARY, ALL_AT_ONCE, or PINNED_PER_RUN (batch: each run pins a version)
 * @param percent         traffic per step (linear) or the canary's share
 * @param intervalMinutes minutes between steps (linear) or before the rest (canary)
 */
public record DeploymentStrategy(Kind kind, int percent, int intervalMinutes, boolean alarmRollback) {
    public enum Kind { LINEAR, CANARY, ALL_AT_ONCE, PINNED_PER_RUN }

    public static DeploymentStrategy linear(int percent, int minutes) {
        return new DeploymentStrategy(Kind.LINEAR, percent, minutes, true);
    }

    public static DeploymentStrategy canary(int percent, int minutes) {
        return new DeploymentStrategy(Kind.CANARY, percent, minutes, true);
    }

    public static DeploymentStrategy allAtOnce() {
        return new DeploymentStrategy(Kind.ALL_AT_ONCE, 100, 0, false);
    }

    public static DeploymentStrategy pinnedPerRun() {
        return new DeploymentStrategy(Kind.PINNED_PER_RUN, 100, 0, false);
    }

    /** e.g. "linear 25% every 60 min, alarm rollback". */
    public String label() {
        return switch (kind) {
            case LINEAR -> "linear " + percent + "% every " + intervalMinutes + " min, alarm rollback";
            case CANARY -> "canary " + percent + "% for " + intervalMinutes + " min, then 100%, alarm rollback";
            case ALL_AT_ONCE -> "all at once";
            case PINNED_PER_RUN -> "pinned per run (golden-set check before the run), all at once";
        };
    }

    /** The CodeDeploy predefined configuration name, when one matches (else a custom DeploymentConfig is needed). */
    public String codeDeployPredefined() {
        return switch (kind) {
            case ALL_AT_ONCE, PINNED_PER_RUN -> "AllAtOnce";
            case CANARY -> percent == 10 && java.util.Set.of(5, 10, 15, 30).contains(intervalMinutes)
                    ? "Canary10Percent" + intervalMinutes + "Minutes" : null;
            case LINEAR -> percent == 10 && java.util.Set.of(1, 2, 3, 10).contains(intervalMinutes)
                    ? "Linear10PercentEvery" + intervalMinutes + (intervalMinutes == 1 ? "Minute" : "Minutes") : null;
        };
    }
}
