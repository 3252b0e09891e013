package io.gristmill.infra;

import java.util.List;

/**
 * An AWS::DynamoDB::Table, resolved.
 *
 * @param rangeKey the sort key, or null for a hash-only key
 * @param billingMode PAY_PER_REQUEST or PROVISIONED (CloudFormation's default)
 * @param ttlAttribute the attribute TimeToLiveSpecification enables, or null
 */
public record TableDef(
        String logicalId,
        String name,
        List<AttributeDef> attributes,
        String hashKey,
        String rangeKey,
        List<IndexDef> globalSecondaryIndexes,
        String billingMode,
        String ttlAttribute) {

    public TableDef {
        attributes = List.copyOf(attributes);
        globalSecondaryIndexes = List.copyOf(globalSecondaryIndexes);
    }

    /** An AttributeDefinition: a key attribute's name and type (S, N or B). */
    public record AttributeDef(String name, String type) {}

    /**
     * A global secondary index.
     *
     * @param projectionType ALL, KEYS_ONLY or INCLUDE
     * @param nonKeyAttributes the attributes an INCLUDE projection copies (empty otherwise)
     */
    public record IndexDef(
            String name, String hashKey, String rangeKey, String projectionType, List<String> nonKeyAttributes) {

        public IndexDef {
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }
    }

    public IndexDef index(String indexName) {
        return globalSecondaryIndexes.stream()
                .filter(index -> index.name().equals(indexName))
                .findFirst()
                .orElseThrow(() -> new TemplateException("Table " + logicalId + " has no index '" + indexName
                        + "'; it has "
                        + globalSecondaryIndexes.stream().map(IndexDef::name).toList()));
    }

    static TableDef read(String logicalId, String name, Props properties) {
        List<AttributeDef> attributes = properties.propsList("AttributeDefinitions").stream()
                .map(a -> new AttributeDef(a.string("AttributeName"), a.string("AttributeType")))
                .toList();
        List<Props> keySchema = properties.propsList("KeySchema");
        List<IndexDef> indexes = properties.propsList("GlobalSecondaryIndexes").stream()
                .map(index -> {
                    List<Props> indexKeys = index.propsList("KeySchema");
                    Props projection = index.props("Projection");
                    return new IndexDef(
                            index.string("IndexName"),
                            key(indexKeys, "HASH", index.where("KeySchema")),
                            key(indexKeys, "RANGE", null),
                            projection.string("ProjectionType"),
                            projection.strings("NonKeyAttributes"));
                })
                .toList();
        Props ttl = properties.props("TimeToLiveSpecification");
        return new TableDef(
                logicalId,
                name,
                attributes,
                key(keySchema, "HASH", properties.where("KeySchema")),
                key(keySchema, "RANGE", null),
                indexes,
                properties.has("BillingMode") ? properties.string("BillingMode") : "PROVISIONED",
                ttl.bool("Enabled", false) ? ttl.string("AttributeName") : null);
    }

    /** The attribute of a key schema with this KeyType; required when {@code where} names the schema. */
    private static String key(List<Props> keySchema, String keyType, String where) {
        for (Props key : keySchema) {
            if (keyType.equals(key.string("KeyType"))) {
                return key.string("AttributeName");
            }
        }
        if (where != null) {
            throw new TemplateException("Missing " + keyType + " key in " + where);
        }
        return null;
    }
}
