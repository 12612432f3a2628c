package com.anycompany.scoring.cli;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command that runs against the local runtime and prints through picocli: the shared {@link RuntimeOptions} (home
 * folder, ports) and the command's own {@link CommandSpec} (its output streams and usage), declared once here.
 */
abstract class RuntimeCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Spec
    CommandSpec spec;
}
