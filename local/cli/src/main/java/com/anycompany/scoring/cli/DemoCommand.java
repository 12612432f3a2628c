package com.anycompany.scoring.cli;

import picocli.CommandLine.Command;

/** Placeholder; the lead replaces this file. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class DemoCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("not implemented yet");
    }
}
