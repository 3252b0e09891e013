package io.gristmill.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalsMergeTest {

    @Test
    void ownPrimitivesWinAndGlobalsFillIn() {
        assertEquals(
                Map.of("Runtime", "java21", "MemorySize", 512, "Timeout", 3),
                GlobalsMerge.merge(
                        Map.of("Runtime", "java21", "MemorySize", 128), Map.of("MemorySize", 512, "Timeout", 3)));
    }

    @Test
    void mapsMergeKeyByKey() {
        Map<String, Object> globals = Map.of("Environment", Map.of("Variables", Map.of("A", "global", "B", "global")));
        Map<String, Object> own = Map.of("Environment", Map.of("Variables", Map.of("B", "own", "C", "own")));
        assertEquals(
                Map.of("Environment", Map.of("Variables", Map.of("A", "global", "B", "own", "C", "own"))),
                GlobalsMerge.merge(globals, own));
    }

    @Test
    void listsAreAdditiveGlobalsFirst() {
        assertEquals(
                Map.of("Layers", List.of("g1", "own")),
                GlobalsMerge.merge(Map.of("Layers", List.of("g1")), Map.of("Layers", List.of("own"))));
    }

    @Test
    void intrinsicFunctionsAreValuesNotMapsToMerge() {
        Map<String, Object> ref = Map.of("Ref", "Own");
        assertEquals(
                Map.of("Role", ref),
                GlobalsMerge.merge(Map.of("Role", Map.of("Fn::GetAtt", List.of("R", "Arn"))), Map.of("Role", ref)));
        assertEquals(Map.of("Role", ref), GlobalsMerge.merge(Map.of("Role", Map.of("Other", 1)), Map.of("Role", ref)));
    }

    @Test
    void differentKindsPreferTheOwnValue() {
        assertEquals(
                Map.of("Tags", "own"), GlobalsMerge.merge(Map.of("Tags", Map.of("a", "b")), Map.of("Tags", "own")));
    }
}
