package io.partnersignals.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcessMemoryTest {

    @Test
    void readsRssAndHighWaterMarkOfAStatusFile() {
        String status = """
                Name:\tjava
                VmPeak:\t 5000000 kB
                VmHWM:\t  524288 kB
                VmRSS:\t  262144 kB
                RssAnon:\t  200000 kB
                """;
        ProcessMemory m = ProcessMemory.parse(status);
        assertThat(m.rssKib()).isEqualTo(262144);
        assertThat(m.hwmKib()).isEqualTo(524288);
        assertThat(m.rssMib()).isEqualTo(256.0);
        assertThat(m.hwmMib()).isEqualTo(512.0);
    }

    @Test
    void missingLinesAreUnknown() {
        ProcessMemory m = ProcessMemory.parse("Name:\tkthreadd\nState:\tS (sleeping)\n");
        assertThat(m.rssKib()).isEqualTo(-1);
        assertThat(m.rssMib()).isNaN();
        assertThat(m.hwmMib()).isNaN();
    }

    @Test
    void anotherUnitIsRefused() {
        assertThatThrownBy(() -> ProcessMemory.parse("VmRSS:\t 12 MB\n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsThisProcessOnLinux() {
        ProcessMemory self = ProcessMemory.self();
        if (self != null) { // null where there is no /proc
            assertThat(self.rssKib()).isPositive();
            assertThat(self.hwmKib()).isGreaterThanOrEqualTo(self.rssKib());
            assertThat(ProcessMemory.of(ProcessHandle.current().pid())).isNotNull();
        }
    }
}
