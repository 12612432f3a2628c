package com.anycompany.scoring.advisor;

import java.util.List;
import java.util.Map;

/**
 * Published on-demand prices for one region, with the date they were read and where from
 * ({@code advisor/prices-us-east-1.json}). Nothing in code knows a price.
 */
public record PriceBook(String region, String currency, String retrieved, String retrievedNote, List<String> sources,
                        Lambda lambda, Sqs sqs, StepFunctions stepFunctions, ApiGateway apiGateway,
                        SageMaker sagemaker) {

    public static PriceBook usEast1() {
        return AdvisorData.resource("prices-us-east-1.json", PriceBook.class);
    }

    public record Lambda(double requestPerMillion, Map<String, Double> gbSecond) {
        public double gbSecond(String architecture) {
            Double p = gbSecond.get(architecture);
            if (p == null) {
                throw new IllegalArgumentException("no Lambda GB-second price for architecture " + architecture);
            }
            return p;
        }
    }

    public record Sqs(double standardRequestPerMillion) {
    }

    public record StepFunctions(double standardTransitionPerThousand) {
    }

    public record ApiGateway(double httpApiRequestPerMillion) {
    }

    public record SageMaker(double dataProcessedPerGb, double serverlessPerGbSecond, Map<String, Instance> instances) {
    }

    /** One SageMaker ML instance type: hourly price, vCPUs, memory and accelerator ("none", "gpu", "inferentia"). */
    public record Instance(double hourly, int vcpu, double memoryGb, String accelerator, double acceleratorMemoryGb,
                           String acceleratorName) {
    }
}
