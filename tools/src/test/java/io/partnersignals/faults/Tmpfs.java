package io.partnersignals.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted for a test: read-only, or full. Root-proof, unlike file permissions
 * (root writes through them), but it needs the right to mount: {@link #mount} says whether it got it.
 */
final class Tmpfs implements AutoCloseable {

    private final Path dir;

    private Tmpfs(Path dir) {
        this.dir = dir;
    }

    /** Mounts a tmpfs of {@code options} (e.g. {@code size=64k,ro}) on {@code dir}, or returns null when not permitted. */
    static Tmpfs mount(Path dir, String options) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        return run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()) == 0 ? new Tmpfs(dir) : null;
    }

    Path dir() {
        return dir;
    }

    /** Writes zeros into a file until the file system says it is full. */
    void fill() throws IOException {
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(dir.resolve("filler"))) {
            while (true) {
                out.write(block);
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
    }

    private static int run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        if (p.exitValue() != 0) {
            System.err.println(String.join(" ", command) + ": " + out.strip());
        }
        return p.exitValue();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run("umount", dir.toString());
    }
}
