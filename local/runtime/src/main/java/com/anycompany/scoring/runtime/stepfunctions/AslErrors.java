package com.anycompany.scoring.runtime.stepfunctions;

/** The predefined error names of the Amazon States Language that the local executor raises. */
public final class AslErrors {
    public static final String ALL = "States.ALL";
    public static final String RUNTIME = "States.Runtime";
    public static final String TASK_FAILED = "States.TaskFailed";
    public static final String TIMEOUT = "States.Timeout";
    public static final String NO_CHOICE_MATCHED = "States.NoChoiceMatched";
    public static final String DATA_LIMIT_EXCEEDED = "States.DataLimitExceeded";
    public static final String ITEM_READER_FAILED = "States.ItemReaderFailed";
    public static final String RESULT_WRITER_FAILED = "States.ResultWriterFailed";
    public static final String EXCEED_TOLERATED_FAILURE_THRESHOLD = "States.ExceedToleratedFailureThreshold";
    public static final String BRANCH_FAILED = "States.BranchFailed";

    private AslErrors() {
    }
}
