package io.partnersignals.runtime;

/**
 * How {@link ApplicationReset} runs: {@code dryRun} only reports what it would do; {@code keepLocalState}
 * leaves this host's state directory in place (for when it is wiped some other way, e.g. a removed volume).
 */
public record ResetOptions(boolean dryRun, boolean keepLocalState) {

    public static ResetOptions execute() {
        return new ResetOptions(false, false);
    }

    public static ResetOptions dryRunOnly() {
        return new ResetOptions(true, false);
    }
}
