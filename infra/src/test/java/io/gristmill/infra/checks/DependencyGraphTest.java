package io.gristmill.infra.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gristmill.infra.Template;
import io.gristmill.infra.TemplateResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stack can be created: no dependency cycle, and in particular no role or function names the data
 * bucket by Ref, GetAtt or ${DataBucket}, the classic SAM cycle (bucket → notification target →
 * function → role → bucket); they use the bucket's deterministic name instead.
 */
class DependencyGraphTest {
    private static final String BUCKET = "DataBucket";

    @Test
    void theStackHasNoDependencyCycle() {
        assertEquals(List.of(), DependencyGraph.of(TemplateUnderTest.template()).cycles());
    }

    @Test
    void onlyTheBucketPolicyNamesTheBucketByReference() {
        DependencyGraph graph = DependencyGraph.of(TemplateUnderTest.template());
        List<String> referrers = new ArrayList<>();
        for (TemplateResource resource :
                TemplateUnderTest.template().resources().values()) {
            if (graph.dependencies(resource.logicalId()).contains(BUCKET)) referrers.add(resource.logicalId());
        }
        assertEquals(List.of("DataBucketPolicy"), referrers);
    }

    @Test
    void referencesOfEveryFormAreDependencies() {
        DependencyGraph graph = DependencyGraph.of(TemplateUnderTest.template());
        assertEquals(Set.of("CoordinatorQueuePolicy", "CoordinatorQueue"), graph.dependencies(BUCKET));
        assertTrue(
                graph.dependencies("MapFunction")
                        .containsAll(Set.of("MapRole", "MapLogGroup", "MapQueue", "ReduceQueue")),
                "its role, log group, event queue, and the queues named in Globals");
        assertTrue(graph.dependencies("MapRole")
                .containsAll(Set.of("MapLogGroup", "MapQueue", "ReduceQueue", "JobsTable")));
        assertFalse(graph.dependencies("MapRole").contains(BUCKET));
    }

    /** The cycle SAM users meet: an S3 event on a bucket that the function's policy names with !Ref. */
    @Test
    void theClassicSamBucketCycleIsFound() {
        Template cyclic = Template.parse("""
                Resources:
                  Uploads: {Type: AWS::S3::Bucket}
                  Handler:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies: [{S3ReadPolicy: {BucketName: !Ref Uploads}}]
                      Events:
                        Put: {Type: S3, Properties: {Bucket: !Ref Uploads, Events: s3:ObjectCreated:*}}
                  Other: {Type: AWS::SQS::Queue, Properties: {QueueName: !Sub '${Handler.Arn}-${!Literal}'}}
                """);
        assertEquals(
                List.of(List.of("Uploads", "Handler", "Uploads")),
                DependencyGraph.of(cyclic).cycles());
        assertEquals(Set.of("Handler"), DependencyGraph.of(cyclic).dependencies("Other"));
    }
}
