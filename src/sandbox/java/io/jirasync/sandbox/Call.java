package io.jirasync.sandbox;

/** Who calls which API: base URL for links, REST version (2 or 3), flavour at the time, authenticated user. */
record Call(String base, int version, boolean cloud, SandboxCatalog.User caller) {

    String api() {
        return base + "/rest/api/" + version;
    }

    /** Rich text is ADF on Cloud's v3 and wiki markup everywhere else. */
    boolean adf() {
        return version == 3;
    }
}
