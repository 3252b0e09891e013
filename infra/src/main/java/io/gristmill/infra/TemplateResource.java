package io.gristmill.infra;

import java.util.Map;

/**
 * One entry of the template's Resources section, unresolved: intrinsic functions are still in their
 * JSON long form.
 *
 * @param condition the name of the condition that gates the resource, or null when it always exists
 * @param properties its Properties (empty when it has none)
 * @param definition the whole entry (Type, Properties, DependsOn, Metadata, ...)
 */
public record TemplateResource(
        String logicalId,
        String type,
        String condition,
        Map<String, Object> properties,
        Map<String, Object> definition) {}
