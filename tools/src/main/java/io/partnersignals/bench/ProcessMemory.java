package io.partnersignals.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Resident memory of a process as Linux reports it in {@code /proc/<pid>/status}: VmRSS (now) and
 * VmHWM (the peak since the process started, or since its high-water mark was last reset).
 *
 * @param rssKib VmRSS in KiB, or -1 when not reported
 * @param hwmKib VmHWM in KiB, or -1 when not reported
 */
public record ProcessMemory(long rssKib, long hwmKib) {

    private static final double KIB_PER_MIB = 1024.0;

    public double rssMib() {
        return rssKib < 0 ? Double.NaN : rssKib / KIB_PER_MIB;
    }

    public double hwmMib() {
        return hwmKib < 0 ? Double.NaN : hwmKib / KIB_PER_MIB;
    }

    /** Of process {@code pid}; null when there is no such file (not Linux, or the process is gone). */
    public static ProcessMemory of(long pid) {
        return read(Path.of("/proc", String.valueOf(pid), "status"));
    }

    /** Of this process; null when there is no such file. */
    public static ProcessMemory self() {
        return read(Path.of("/proc/self/status"));
    }

    private static ProcessMemory read(Path status) {
        try {
            return parse(Files.readString(status, StandardCharsets.US_ASCII));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads the {@code VmRSS:} and {@code VmHWM:} lines ({@code "VmRSS:\t  123456 kB"}) of a status file. */
    static ProcessMemory parse(String status) {
        long rss = -1;
        long hwm = -1;
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                rss = kib(line);
            } else if (line.startsWith("VmHWM:")) {
                hwm = kib(line);
            }
        }
        return new ProcessMemory(rss, hwm);
    }

    private static long kib(String line) {
        String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        long n = Long.parseLong(parts[0]);
        // the kernel always writes kB; anything else would be a surprise worth failing on
        if (parts.length > 1 && !parts[1].equals("kB")) {
            throw new IllegalArgumentException("unexpected unit in '" + line + "'");
        }
        return n;
    }
}
