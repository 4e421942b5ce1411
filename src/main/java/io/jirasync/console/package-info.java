/**
 * The admin console at {@code /console}: server-rendered Qute pages, htmx from its webjar.
 * <p>
 * How a page (of this package or of {@code io.jirasync.console.connect}) uses the foundation:
 * <ul>
 * <li>A JAX-RS resource under {@code /console/...} producing {@code text/html}; {@link io.jirasync.console.ConsoleGuard}
 * runs before it, so it only ever runs signed in, with the token's identity (role checks of the services it
 * calls hold) and with a CSRF-checked body on anything but GET/HEAD. Mark it {@code @Operation(hidden = true)}:
 * the pages are not part of the REST API's OpenAPI document.</li>
 * <li>Its template in {@code templates/console/} starts with {@code {#include console/layout}{#title}...{/title}}
 * and ends with {@code {/include}} (layout.html says more).</li>
 * <li>Inject {@link io.jirasync.console.ConsoleSession}: {@code covers(project)} before showing or changing a
 * project (a project-scoped admin token sees only its projects), {@code csrfToken()} for a form's hidden input
 * {@code _csrf} (templates: {@code {inject:consoleSession.csrfToken}}; htmx sends it as {@code X-CSRF-Token} from
 * the layout's {@code hx-headers}), {@code draft()} for what the user typed before the session expired.</li>
 * </ul>
 */
package io.jirasync.console;
