// The S3 commands opsdeck sends, imported when a scan first meets a bucket. Importing the package itself
// by import() would build in all of S3's commands; named here, the bundle keeps only these.
export {GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client} from '@aws-sdk/client-s3';
