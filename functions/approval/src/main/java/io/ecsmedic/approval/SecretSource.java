package io.ecsmedic.approval;

/** Reads a secret's current SecretString; Secrets Manager in production. */
interface SecretSource {
  String read(String secretId);
}
