package io.partnersignals.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.demo.StoryFeed.Story;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading the demo's story, and finding Apicurio Registry. */
class StoryTest {

    @TempDir
    Path tmp;

    @Test
    void thePackagedStoryIsTheExampleStoryInEventTimeOrder() {
        Story packaged = Story.packaged();
        Story files = Story.fromDirectory(Path.of("../examples/story"));
        assertThat(packaged.size()).isEqualTo(files.size()).isEqualTo(233);
        assertThat(packaged.partners()).isEqualTo(files.partners()).hasSize(3);
        assertThat(packaged.events()).isEqualTo(files.events());
        List<Instant> times = packaged.events().stream().map(Story::timeOf).toList();
        assertThat(times).isSorted();
        assertThat(packaged.start()).isEqualTo(Instant.parse("2026-06-01T09:30:00Z"));
    }

    @Test
    void aBadLineIsReportedWithFileAndLine() throws IOException {
        Files.writeString(tmp.resolve("crm.activity.jsonl"), "\n{\"activityId\": 7}\n");
        assertThatThrownBy(() -> Story.fromDirectory(tmp)).hasMessageContaining("crm.activity.jsonl:2:");
        assertThatThrownBy(() -> Story.fromDirectory(tmp.resolve("missing"))).hasMessageContaining("does not exist");
    }

}
