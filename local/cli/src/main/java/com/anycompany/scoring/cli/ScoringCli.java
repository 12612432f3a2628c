package com.anycompany.scoring.cli;

import com.anycompany.scoring.runtime.HandlerStdout;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "scoring", mixinStandardHelpOptions = true, version = "scoring 0.1.0",
        description = "XGBoost scoring: the local runtime (S3Proxy + ElasticMQ in process) and tools.",
        subcommands = {InvokeCommand.class, ResetCommand.class, ScoreCommand.class, ModelsCommand.class,
                DemoCommand.class, LoadtestCommand.class, BatchCommand.class, OcrCommand.class, RolloutCommand.class, BenchCommand.class,
                AdviseCommand.class, ServeCommand.class, ServeModelCommand.class, BuildImageCommand.class, MonitorCommand.class,
                UpCommand.class})
public final class ScoringCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.err);
    }

    public static void main(String[] args) {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-scoring-cli.xml");
        }
        HandlerStdout.install();
        int code = commandLine().execute(args);
        System.out.flush();
        System.err.flush();
        System.exit(code);
    }

    /** The configured command line (also for tests): bad arguments and failures print one line to stderr. */
    public static CommandLine commandLine() {
        CommandLine cmd = new CommandLine(new ScoringCli());
        cmd.setOut(new PrintWriter(HandlerStdout.realOut(), true));
        cmd.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("scoring: " + ex.getMessage());
            c.getErr().println("try: " + qualifiedName(c) + " --help");
            c.getErr().flush();
            return 2;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("scoring " + c.getCommandName() + ": " + message(ex));
            if (System.getenv("SCORING_DEBUG") != null) {
                ex.printStackTrace(c.getErr());
            }
            c.getErr().flush();
            return ex instanceof IllegalArgumentException ? 2 : 1;
        });
        return cmd;
    }

    private static String qualifiedName(CommandLine c) {
        return c.getCommandSpec().qualifiedName(" ").replaceFirst("^scoring", "./scoring");
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.toString() : m;
    }
}
