package com.anycompany.scoring.runtime.stepfunctions;

import java.util.List;

/**
 * The definition cannot be run locally: invalid ASL, or a construct the local executor does not implement (named in
 * the message, e.g. {@code state 'Score': field 'Credentials' is not supported by the local executor}). Thrown when
 * the {@link AslInterpreter} is built, before anything runs; lists every problem found.
 */
public final class AslDefinitionException extends RuntimeException {
    private final List<String> problems;

    public AslDefinitionException(String problem) {
        this(List.of(problem));
    }

    public AslDefinitionException(List<String> problems) {
        super(problems.size() == 1 ? problems.get(0)
                : problems.size() + " problems in the state machine definition:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
