package dev.tern.store;

/**
 * A local mailbox to deliver to.
 *
 * @param mailbox the mailbox address; its directory is {@link MailboxName#of(String)} of it
 * @param quota   the most octets the mailbox may hold, 0 or less for no limit
 */
public record Recipient(String mailbox, long quota) {
    public Recipient {
        MailboxName.of(mailbox); // rejects an empty address early
    }

    public static Recipient unlimited(String mailbox) {
        return new Recipient(mailbox, 0);
    }
}
