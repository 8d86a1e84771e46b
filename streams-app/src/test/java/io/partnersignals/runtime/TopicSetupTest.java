package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.topology.TopicNames;
import org.junit.jupiter.api.Test;

/** The topics the application makes sure of, and which are compacted. */
class TopicSetupTest {

    @Test
    void theNotesTopicIsCreatedCompactedWithTheOthers() {
        TopicSetup setup = new TopicSetup(TopicNames.defaults(), 6, (short) -1, true);

        assertThat(setup.required()).containsEntry("partner.notes", true).containsEntry("partners", true)
                .containsEntry("competitors", true).containsEntry("partner.risk", true)
                .containsEntry("crm.activity", false).hasSize(12);
    }

    @Test
    void theModelTopicsAreCreatedCompacted() {
        TopicSetup setup = new TopicSetup(TopicNames.defaults(), 6, (short) -1, true);

        assertThat(setup.required()).containsEntry("partner-signals.model", true)
                .containsEntry("partner-signals.model.accepted", true);
    }
}
