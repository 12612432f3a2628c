package com.anycompany.scoring.ocr.textract;

import java.util.List;

/**
 * A StartDocumentAnalysis request in the project's terms: the document, FeatureTypes (FORMS, TABLES, QUERIES), the
 * queries, the SNS NotificationChannel (topic + the role Textract assumes to publish), the OutputConfig and the
 * JobTag / ClientRequestToken that make a repeated start return the same job.
 */
public record AnalysisJobRequest(String bucket, String key, List<String> featureTypes, List<Query> queries,
                                 String snsTopicArn, String roleArn, String outputBucket, String outputPrefix,
                                 String jobTag, String clientRequestToken) {
    public record Query(String text, String alias) {
    }
}
