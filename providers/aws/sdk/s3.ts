// The commands opsdeck sends, named: import() of the package itself would keep all of its commands in the bundle (see ARCHITECTURE.md, Start-up).
export {GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketVersioningCommand, GetPublicAccessBlockCommand, S3Client} from '@aws-sdk/client-s3';
