package io.jirasync.system;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import io.jirasync.domain.ConflictException;
import io.jirasync.integration.IntegrationService;
import io.jirasync.integration.SecretReEncryption;
import io.jirasync.problem.Problem;
import io.jirasync.security.Roles;
import io.jirasync.security.SecretCipher;
import io.jirasync.security.SecretKeyCheck;
import io.quarkus.logging.Log;

/** Key rotation: moves every stored secret to the current {@code jira-sync.secrets.key}. */
@Path("/api/v1/system/secrets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class SecretsResource {

    private final IntegrationService integrations;
    private final SecretKeyCheck keyCheck;
    private final SecretCipher cipher;

    SecretsResource(IntegrationService integrations, SecretKeyCheck keyCheck, SecretCipher cipher) {
        this.integrations = integrations;
        this.keyCheck = keyCheck;
        this.cipher = cipher;
    }

    @Operation(summary = "Re-encrypt stored secrets", description = "Encrypts every stored secret with the current key after a key rotation; counts what was re-encrypted and what no key decrypts.")
    @APIResponse(responseCode = "200", description = "What was re-encrypted.", content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SecretReEncryption.class)))
    @APIResponse(responseCode = "401", description = "No token, or a token jira-sync does not know.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "The token's role or projects do not allow this.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "No secret-encryption key is configured.", content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @POST
    @Path("re-encrypt")
    public SecretReEncryption reEncrypt() {
        if (!cipher.hasKey()) {
            throw new ConflictException("No key", "no secret-encryption key is configured (jira-sync.secrets.key)");
        }
        SecretReEncryption result = integrations.reEncryptSecrets();
        // Last: the start-up check may drop the old key only once the secrets no longer need it.
        keyCheck.reEncrypt();
        Log.infof("Secrets re-encrypted under key %s: %d moved, %d already current, %d failed", cipher.currentKeyId(),
                result.reEncrypted(), result.alreadyCurrent(), result.failed());
        return result;
    }
}
