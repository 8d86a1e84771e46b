package io.partnersignals.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of a child JVM that runs this application from the same code as this JVM: from the
 * jar, {@code java [options] -jar <the jar> <arguments>}, as operators and users run it; from the build's
 * classes directory (tests, an IDE), {@code java [options] -cp <class path> io.partnersignals.tools.Tools
 * <arguments>}. The tools' command line runs the application's commands too, so one jar serves both.
 */
public final class ChildJvm {

    /** The tools' main class, named rather than referenced: the command line depends on the benchmarks, not back. */
    static final String MAIN_CLASS = "io.partnersignals.tools.Tools";

    private ChildJvm() {
    }

    /** The java executable of this JVM. */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The command line of a child JVM with {@code jvmOptions} running {@code arguments}, from this JVM's code. */
    public static List<String> command(List<String> jvmOptions, List<String> arguments) {
        return command(java(), jvmOptions, codeLocation(), System.getProperty("java.class.path"), arguments);
    }

    /** The jar (or classes directory) the tools were loaded from, or null when it cannot be told. */
    public static Path codeLocation() {
        try {
            var source = ChildJvm.class.getProtectionDomain().getCodeSource();
            return source == null ? null : Path.of(source.getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    /** The command line: {@code -jar} when {@code code} is a jar, else the class path and the main class. */
    static List<String> command(String java, List<String> jvmOptions, Path code, String classPath, List<String> arguments) {
        List<String> c = new ArrayList<>();
        c.add(java);
        c.addAll(jvmOptions);
        if (code != null && code.getFileName() != null && code.getFileName().toString().endsWith(".jar")) {
            c.addAll(List.of("-jar", code.toString()));
        } else {
            c.addAll(List.of("-cp", classPath, MAIN_CLASS));
        }
        c.addAll(arguments);
        return c;
    }

    /**
     * Removes the PARTNER_SIGNALS_* variables (except the log level) from a child's environment, so that
     * a configuration of the shell does not change what is measured: the child's settings are its
     * command line's only.
     */
    public static void withoutSettings(Map<String, String> environment) {
        environment.keySet().removeIf(k -> k.startsWith("PARTNER_SIGNALS_") && !k.equals("PARTNER_SIGNALS_LOG_LEVEL"));
    }
}
