using System.Text;
using System.Text.Json;
using Fulfillment.Operations.Carriers;

namespace Fulfillment.Operations.Tests.Carriers;

public sealed class WebhookTests
{
    private const string Secret = "whsec_test";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"trackingNumber\":\"SIM1\",\"status\":\"Delivered\"}");
    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1767225600);

    [Fact]
    public void The_signature_is_HMAC_SHA256_of_timestamp_dot_body()
    {
        // Computed independently: python3 hmac.new(b"whsec_test", b"1767225600." + body, sha256).hexdigest()
        WebhookSignature.Sign(Secret, Body, SignedAt)
            .ShouldBe("t=1767225600,v1=4726317311faf4c2de85cacdcda699122ad2403265838ae2ba342493d695499b");
    }

    [Fact]
    public void A_fresh_signature_of_the_same_body_verifies()
    {
        var header = WebhookSignature.Sign(Secret, Body, SignedAt);

        WebhookSignature.Verify(Secret, Body, header, SignedAt.AddMinutes(4)).ShouldBe(WebhookSignatureCheck.Valid);
        WebhookSignature.Verify(Secret, Body, " " + header.Replace(",", ", ", StringComparison.Ordinal), SignedAt).ShouldBe(WebhookSignatureCheck.Valid);
    }

    [Fact]
    public void An_altered_body_a_wrong_secret_or_a_changed_timestamp_do_not_verify()
    {
        var header = WebhookSignature.Sign(Secret, Body, SignedAt);
        var altered = Encoding.UTF8.GetBytes("{\"trackingNumber\":\"SIM1\",\"status\":\"Lost\"}");
        var retimed = header.Replace("t=1767225600", "t=1767225601", StringComparison.Ordinal);

        WebhookSignature.Verify(Secret, altered, header, SignedAt).ShouldBe(WebhookSignatureCheck.Mismatch);
        WebhookSignature.Verify("whsec_other", Body, header, SignedAt).ShouldBe(WebhookSignatureCheck.Mismatch);
        WebhookSignature.Verify(Secret, Body, retimed, SignedAt).ShouldBe(WebhookSignatureCheck.Mismatch);
    }

    [Fact]
    public void Old_or_future_signatures_are_outside_the_tolerance()
    {
        var header = WebhookSignature.Sign(Secret, Body, SignedAt);

        WebhookSignature.Verify(Secret, Body, header, SignedAt.AddMinutes(6)).ShouldBe(WebhookSignatureCheck.OutsideTolerance);
        WebhookSignature.Verify(Secret, Body, header, SignedAt.AddMinutes(-6)).ShouldBe(WebhookSignatureCheck.OutsideTolerance);
        WebhookSignature.Verify(Secret, Body, header, SignedAt.AddHours(1), TimeSpan.FromHours(2)).ShouldBe(WebhookSignatureCheck.Valid);
    }

    [Theory]
    [InlineData(null, WebhookSignatureCheck.Missing)]
    [InlineData("  ", WebhookSignatureCheck.Missing)]
    [InlineData("v1=4726317311faf4c2de85cacdcda699122ad2403265838ae2ba342493d695499b", WebhookSignatureCheck.Malformed)]
    [InlineData("t=1767225600", WebhookSignatureCheck.Malformed)]
    [InlineData("t=1767225600,v1=4726", WebhookSignatureCheck.Malformed)]
    [InlineData("t=-5,v1=4726317311faf4c2de85cacdcda699122ad2403265838ae2ba342493d695499b", WebhookSignatureCheck.Malformed)]
    [InlineData("t=1767225600,v1=zz26317311faf4c2de85cacdcda699122ad2403265838ae2ba342493d695499b", WebhookSignatureCheck.Malformed)]
    public void Missing_or_malformed_headers_are_told_apart(string? header, WebhookSignatureCheck expected)
    {
        WebhookSignature.Verify(Secret, Body, header, SignedAt).ShouldBe(expected);
    }

    [Fact]
    public void A_tracking_update_travels_as_camel_case_JSON_with_the_status_as_a_name()
    {
        var update = CarrierTrackingUpdate.From("SIM681947567019",
            new CarrierTrackingEvent(TrackingStatus.OutForDelivery, SignedAt, "Out for delivery.", "Springfield"));

        var json = JsonSerializer.Serialize(update, JsonSerializerOptions.Web);

        json.ShouldBe("{\"trackingNumber\":\"SIM681947567019\",\"status\":\"OutForDelivery\",\"occurredAt\":\"2026-01-01T00:00:00+00:00\",\"description\":\"Out for delivery.\"}");
        JsonSerializer.Deserialize<CarrierTrackingUpdate>(json, JsonSerializerOptions.Web).ShouldBe(update);
    }
}
