package io.gristmill.infra;

/** A provisioned queue as its endpoint knows it: the name, and the URL and ARN the endpoint returned. */
public record QueueEndpoint(String name, String url, String arn) {}
