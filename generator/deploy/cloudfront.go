package deploy

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	gcaws "gocloud.dev/aws"
)

// InvalidateOptions say where the CloudFront API is, for a test.
type InvalidateOptions struct {
	// Endpoint replaces the CloudFront API's address (the SDK's
	// BaseEndpoint); "" is AWS's own, or AWS_ENDPOINT_URL_CLOUDFRONT.
	Endpoint string
	// Now dates the invalidation's caller reference; nil is time.Now.
	Now func() time.Time
}

// Invalidate asks CloudFront to drop its cached copies of the whole
// distribution ("/*"), as hugo deploy does after a deploy that changed
// something: one path counts as one invalidation whatever it matches, and
// AWS charges per path past 1,000 a month, so listing the changed files
// would cost more and gain nothing. Credentials and region come from the
// bucket URL's profile and region and the environment, as the upload's do;
// the URL's endpoint, an S3 server's, is not CloudFront's and is left out.
// It returns the invalidation's id.
func Invalidate(ctx context.Context, bucketURL, distribution string, opts InvalidateOptions) (string, error) {
	u, err := url.Parse(bucketURL)
	if err != nil {
		return "", err
	}
	q := url.Values{}
	for _, k := range []string{"region", "profile"} {
		if v := u.Query().Get(k); v != "" {
			q.Set(k, v)
		}
	}
	cfg, err := gcaws.V2ConfigFromURLParams(ctx, q)
	if err != nil {
		return "", fmt.Errorf("invalidate CloudFront distribution %s: %w", distribution, err)
	}
	if cfg.Region == "" {
		cfg.Region = "us-east-1" // CloudFront is global; its API is signed for us-east-1
	}
	client := cloudfront.NewFromConfig(cfg, func(o *cloudfront.Options) {
		if opts.Endpoint != "" {
			o.BaseEndpoint = aws.String(opts.Endpoint)
		}
	})
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	out, err := client.CreateInvalidation(ctx, &cloudfront.CreateInvalidationInput{
		DistributionId: aws.String(distribution),
		InvalidationBatch: &types.InvalidationBatch{
			// Unique per deploy: CloudFront takes a repeated reference for
			// a repeated request and invalidates nothing new.
			CallerReference: aws.String("attest-deploy-" + now().UTC().Format("20060102T150405.000000000Z")),
			Paths:           &types.Paths{Items: []string{"/*"}, Quantity: aws.Int32(1)},
		},
	})
	if err != nil {
		var nf *types.NoSuchDistribution
		if errors.As(err, &nf) {
			return "", fmt.Errorf("invalidate CloudFront distribution %s: there is no such distribution (check cloudfront_distribution in config.toml; the id is on the distribution's page, e.g. E2QWRUHAPOMQZL)", distribution)
		}
		return "", fmt.Errorf("invalidate CloudFront distribution %s: %w", distribution, err)
	}
	if out.Invalidation == nil || out.Invalidation.Id == nil {
		return "", nil
	}
	return *out.Invalidation.Id, nil
}
