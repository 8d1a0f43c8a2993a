/**
 * The types of the services read beside EC2, named as the tagging API names them from their ARNs
 * (`service:resourceType`), so a resource the service's own read missed still lands in the same group. No SDK here:
 * the kinds and the actions name these types without loading any service.
 */
export const RDS_DATABASE = 'rds:db';
export const RDS_CLUSTER = 'rds:cluster';
export const LAMBDA_FUNCTION = 'lambda:function';
export const LOAD_BALANCER = 'elasticloadbalancing:loadbalancer';
export const TARGET_GROUP = 'elasticloadbalancing:targetgroup';
export const AUTO_SCALING_GROUP = 'autoscaling:autoScalingGroup';
export const ALARM = 'cloudwatch:alarm';
export const BUCKET = 's3:bucket';
