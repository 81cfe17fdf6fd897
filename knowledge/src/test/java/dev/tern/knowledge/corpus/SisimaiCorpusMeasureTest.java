package dev.tern.knowledge.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The split and the spec §3 reading documented in docs/knowledge.md must not drift silently. */
class SisimaiCorpusMeasureTest {

    @Test
    void splitFollowsTheFirstHexDigitOfTheNameHash() throws Exception {
        // SHA-256("a") starts with "c" (held-out), SHA-256("b") with "3" (development).
        assertThat(SisimaiCorpusMeasure.isDev("a")).isFalse();
        assertThat(SisimaiCorpusMeasure.isDev("b")).isTrue();
    }

    @Test
    void everyReasonSisimaiGivesHasAMapping() {
        for (String r : new String[] {"userunknown", "hasmoved", "mailboxfull", "suspend", "hostunknown", "notaccept",
                "norelaying", "blocked", "toomanyconn", "spamdetected", "rejected", "filtered", "policyviolation",
                "contenterror", "mesgtoobig", "exceedlimit", "securityerror", "virusdetected", "systemerror", "systemfull",
                "mailererror", "networkerror", "expired", "syntaxerror", "undefined", "onhold"}) {
            assertThat(SisimaiCorpusMeasure.MAP).as(r).containsKey(r);
        }
    }

    @Test
    void specReadingOfSoftAndHard() {
        assertThat(SisimaiCorpusMeasure.specBounce("mailbox-full", "failed", "5.2.2", "552")).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("expired", "delayed", "4.4.1", "")).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("expired", "failed", "5.4.7", "")).isEqualTo("hard");
        assertThat(SisimaiCorpusMeasure.specBounce("user-unknown", "", "4.1.1", "450")).isEqualTo("hard");
        assertThat(SisimaiCorpusMeasure.specBounce("blocked", "", "", "421")).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("blocked", "", "5.7.1", "")).isEqualTo("hard");
        assertThat(SisimaiCorpusMeasure.specBounce("network-error", "", "", "")).isEqualTo("soft");
    }
}
