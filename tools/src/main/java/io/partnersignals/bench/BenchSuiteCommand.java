package io.partnersignals.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench-suite}: every benchmark in its own JVM, the one-line summary and the generated document. */
@Command(name = "bench-suite", mixinStandardHelpOptions = true,
        description = "Runs bench, bench-live, bench-catchup and bench-scale one after the other, each in its own JVM "
                + "from this jar, prints the one-line summary (bench: replay_eps=... e2e_ratio=... cpu_us_per_event=... "
                + "bytes_per_event=... catchup_eps=... p99_ms_eos=... rss_mib=... restore_s=...) and rewrites the "
                + "generated section of docs/benchmarks.md. Takes about 30 minutes; run it on an otherwise idle machine.")
public final class BenchSuiteCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "Small sizes, to check the suite itself in about 8 minutes; its figures mean "
            + "nothing, so it writes no document.")
    boolean quick;

    @Option(names = "--doc", defaultValue = "docs/benchmarks.md",
            description = "Document whose generated section is rewritten (default ${DEFAULT-VALUE}).")
    Path doc;

    @Option(names = "--no-doc", description = "Print the figures only; write no document.")
    boolean noDoc;

    @Option(names = "--work-dir", description = "Where the benchmarks' data, state and logs go (default: a temp directory).")
    Path workDir;

    @Override
    public Integer call() throws Exception {
        Path jar = ChildJvm.codeLocation();
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("bench-suite runs its benchmarks from the shaded jar; build it with "
                    + "./mvnw -q -B package -DskipTests and run java -jar tools/target/partner-signals-tools.jar bench-suite");
        }
        Path dir = workDir != null ? workDir : Files.createTempDirectory("partner-signals-bench-suite");
        List<BenchmarkSuite.StepResult> results = new BenchmarkSuite(jar, dir, System.out).run(BenchmarkSuite.steps(quick));
        BenchmarkSuite.Summary summary = BenchmarkSuite.summary(results);
        if (!noDoc && !quick) {
            BenchmarkSuite.write(doc, BenchmarkSuite.section(results, summary, BenchmarkSuite.Machine.current(),
                    Instant.now()));
            System.out.println("bench-suite: wrote " + doc.toAbsolutePath());
        }
        System.out.println(summary.line());
        return 0;
    }
}
