package io.gristmill.infra;

/**
 * One rule of a bucket's LifecycleConfiguration. The provisioner does not apply it (the local S3 emulator
 * does not implement lifecycle); it is here so a local cloud can expire data itself.
 *
 * @param prefix the keys the rule applies to, or null for the whole bucket
 * @param expirationInDays days after which objects expire, or null
 * @param abortIncompleteUploadDays days after which incomplete multipart uploads are aborted, or null
 */
public record LifecycleRuleDef(
        String id, boolean enabled, String prefix, Integer expirationInDays, Integer abortIncompleteUploadDays) {

    static LifecycleRuleDef read(Props rule) {
        return new LifecycleRuleDef(
                rule.optString("Id"),
                "Enabled".equals(rule.string("Status")),
                rule.optString("Prefix"),
                rule.optInteger("ExpirationInDays"),
                rule.props("AbortIncompleteMultipartUpload").optInteger("DaysAfterInitiation"));
    }
}
