package io.partnersignals.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildJvmTest {

    @Test
    void runsTheJarAsAUserDoesOrTheMainClassFromTheClassPath() {
        assertThat(ChildJvm.command("java", List.of(), Path.of("/x/partner-signals.jar"), "cp",
                List.of("replay", "--input", "/d/in")))
                .containsExactly("java", "-jar", "/x/partner-signals.jar", "replay", "--input", "/d/in");
        assertThat(ChildJvm.command("java", List.of("-Xmx1g"), Path.of("/x/classes"), "/x/classes:/y.jar", List.of("bench")))
                .containsExactly("java", "-Xmx1g", "-cp", "/x/classes:/y.jar", "io.partnersignals.tools.Tools", "bench");
        assertThat(ChildJvm.command("java", List.of(), null, "/x/classes", List.of()))
                .containsExactly("java", "-cp", "/x/classes", "io.partnersignals.tools.Tools");
    }

    @Test
    void theShellsSettingsAreNotPassedOnButTheLogLevelIs() {
        Map<String, String> env = new HashMap<>(Map.of("PATH", "/bin", "PARTNER_SIGNALS_CONFIG", "/etc/ps.properties",
                "PARTNER_SIGNALS_TOPICS_PARTITIONS", "12", "PARTNER_SIGNALS_LOG_LEVEL", "DEBUG"));
        ChildJvm.withoutSettings(env);
        assertThat(env).containsOnlyKeys("PATH", "PARTNER_SIGNALS_LOG_LEVEL");
    }
}
