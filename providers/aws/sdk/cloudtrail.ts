// The commands opsdeck sends, named: import() of the package itself would keep all of its commands in the bundle (see ARCHITECTURE.md, Start-up).
export {CloudTrailClient, DescribeTrailsCommand, GetTrailStatusCommand, LookupEventsCommand} from '@aws-sdk/client-cloudtrail';
