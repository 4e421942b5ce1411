package io.jirasync.console;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

/** The console's paths, and the pages the guard itself answers with (sign-in, a refused form). */
@ApplicationScoped
public class ConsolePages {

    /** The console's first page, the integrations. */
    public static final String HOME = "/console";
    /** The sign-in page. */
    public static final String SIGN_IN = "/console/sign-in";

    private final Template signIn;
    private final Template refused;

    ConsolePages(@Location("console/sign-in.html") Template signIn, @Location("console/refused.html") Template refused) {
        this.signIn = signIn;
        this.refused = refused;
    }

    /** The sign-in page, coming back to {@code next} afterwards, with a message and the fields to keep. */
    public String signIn(String next, String message, Map<String, String> kept) {
        return signIn.data("next", safeNext(next)).data("message", message).data("kept", kept.entrySet()).render();
    }

    /** The page of a state-changing request refused for a missing or wrong CSRF token. */
    public String refused() {
        return refused.data("title", "Refused").render();
    }

    /** The sign-in page's address that comes back to {@code next}. */
    public static String signInUrl(String next) {
        String back = safeNext(next);
        return back.equals(HOME) ? SIGN_IN : SIGN_IN + "?next=" + URLEncoder.encode(back, StandardCharsets.UTF_8);
    }

    /** Whether a path is one of the console's (so never another site: no scheme, no host, no "//"). */
    public static boolean isConsolePath(String path) {
        String bare = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
        return (bare.equals(HOME) || bare.startsWith(HOME + "/")) && !path.contains("//") && !path.contains("\\");
    }

    /** Where to go after sign-in: a console path, never the sign-in page itself nor another site. */
    static String safeNext(String next) {
        if (next == null || !isConsolePath(next) || next.startsWith(SIGN_IN) || next.startsWith("/console/sign-out")) {
            return HOME;
        }
        return next;
    }
}
