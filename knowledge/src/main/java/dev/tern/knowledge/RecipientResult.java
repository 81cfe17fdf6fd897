package dev.tern.knowledge;

import dev.tern.protocol.reply.EnhancedCode;

/**
 * What a report says about one recipient.
 *
 * @param address        the recipient address (Final-Recipient, or as the MTA wrote it), null if unknown
 * @param action         RFC 3464 action: failed, delayed, delivered, relayed, expanded; null if not given
 * @param status         the RFC 3464 Status field, null if none
 * @param remoteMta      the server that gave the reply, null if unknown
 * @param diagnostic     the reply or explanation the report quotes for this recipient
 * @param classification what the classifier made of it
 */
public record RecipientResult(String address, String action, EnhancedCode status, String remoteMta,
                              String diagnostic, Classification classification) {

    public String toJson() {
        return Json.object()
                .put("address", address)
                .put("action", action)
                .put("status", status == null ? null : status.toString())
                .put("remote_mta", remoteMta)
                .put("diagnostic", diagnostic)
                .putRaw("classification", classification.toJson())
                .toString();
    }
}
