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
                "mailererror", "networkerror", "expired", "syntaxerror", "undefined", "onhold", "authfailure", "requireptr",
                "notcompliantrfc", "badreputation", "speeding", "ratelimited", "failedstarttls", "emailtoolarge", "suppressed"}) {
            assertThat(SisimaiCorpusMeasure.MAP).as(r).containsKey(r);
        }
    }

    @Test
    void specReadingOfSoftAndHard() {
        assertThat(SisimaiCorpusMeasure.specBounce("mailbox-full", "failed", "5.2.2", "552", false)).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("expired", "delayed", "4.4.1", "", false)).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("expired", "failed", "5.4.7", "", false)).isEqualTo("hard");
        assertThat(SisimaiCorpusMeasure.specBounce("user-unknown", "", "4.1.1", "450", false)).isEqualTo("hard");
        assertThat(SisimaiCorpusMeasure.specBounce("blocked", "", "", "421", false)).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("blocked", "", "5.7.1", "", false)).isEqualTo("hard");
        assertThat(SisimaiCorpusMeasure.specBounce("network-error", "", "", "", false)).isEqualTo("soft");
        // Reading R1: a warning that delivery continues is soft even when Sisimai gives no action.
        assertThat(SisimaiCorpusMeasure.specBounce("expired", "", "5.0.947", "", true)).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("expired", "", "5.0.947", "", false)).isEqualTo("hard");
        assertThat(SisimaiCorpusMeasure.specBounce("blocked", "", "5.0.0", "", true)).isEqualTo("soft");
        assertThat(SisimaiCorpusMeasure.specBounce("blocked", "failed", "5.0.0", "", true)).isEqualTo("hard");
    }

    @Test
    void sisimaiExpectationKeysFollowTheCollectionsFileNames() {
        assertThat(SisimaiCorpusMeasure.expectationKey("sisimai-exim-41.eml")).isEqualTo("lhost/exim/41");
        assertThat(SisimaiCorpusMeasure.expectationKey("s3-email-sendmail-07.eml")).isEqualTo("lhost/sendmail/7");
        assertThat(SisimaiCorpusMeasure.expectationKey("sisimai-lhost-postfix-70.eml")).isEqualTo("lhost/postfix/70");
        assertThat(SisimaiCorpusMeasure.expectationKey("sisimai-rhost-outlook-03.eml")).isEqualTo("rhost/outlook/3");
        assertThat(SisimaiCorpusMeasure.expectationKey("s3-rfc3464-12.eml")).isEqualTo("rfc3464/-/12");
        assertThat(SisimaiCorpusMeasure.expectationKey("s4-lhost-qmail-22.eml")).isEqualTo("lhost/qmail/22");
        assertThat(SisimaiCorpusMeasure.expectationKey("s3-eg-rfc3464-01.eml")).isNull();
        assertThat(SisimaiCorpusMeasure.expectationKey("flufl-dsn_04.eml")).isNull();
    }

    @Test
    void anExpectationForAnotherStatusIsAnotherEmail() {
        assertThat(SisimaiCorpusMeasure.sameStatus("5.2.2", "5.2.3")).isFalse();
        assertThat(SisimaiCorpusMeasure.sameStatus("5.1.1", "5.1.1")).isTrue();
        assertThat(SisimaiCorpusMeasure.sameStatus("5.9.242", "5.0.947")).isTrue();
        assertThat(SisimaiCorpusMeasure.sameStatus("", "5.7.1")).isTrue();
    }

    @Test
    void readingsAreToldFromTheEmailsOwnWords() {
        assertThat(SisimaiCorpusMeasure.DELAY_WORDING.matcher("Delivery attempts will continue for some time").find()).isTrue();
        assertThat(SisimaiCorpusMeasure.DELAY_WORDING.matcher("could not be delivered, giving up").find()).isFalse();
        assertThat(SisimaiCorpusMeasure.NO_SUCH_USER.matcher("550 Unknown user kijitora@example.net").find()).isTrue();
        assertThat(SisimaiCorpusMeasure.NO_SUCH_USER.matcher("550 Address rejected").find()).isFalse();
    }
}
