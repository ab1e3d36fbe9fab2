using System.Text.Json.Nodes;
using Fulfillment.Messaging.Tests.Infrastructure;
using Fulfillment.Workflows.Runtime;

namespace Fulfillment.Messaging.Tests;

/// <summary>
/// Through a real SMTP server (maildev, started by test.sh): a workflow's email leaves through the
/// outbox dispatcher and arrives exactly once, also when the server was down at first.
/// </summary>
public sealed class MaildevTests(Maildev maildev) : IClassFixture<Maildev>
{
    private static string UniqueRecipient() => $"ann.{Guid.NewGuid():N}@example.org";

    private static JsonObject Input(string recipient) => new()
    {
        ["email"] = $"Ann Lee <{recipient}>",
        ["cc"] = new JsonArray("warehouse@shop.example"),
        ["order"] = "A-1001",
        ["body"] = "Track it at <https://track.example/1> & smile",
    };

    [Fact]
    public async Task A_workflow_email_arrives_exactly_once_with_its_subject_message_id_and_both_parts()
    {
        await maildev.EnsureRunningAsync();
        var recipient = UniqueRecipient();
        await using var host = await MessagingHost.CreateAsync(o =>
        {
            o.From = "Shop <orders@shop.example>";
            o.Smtp.Host = Maildev.Host;
            o.Smtp.Port = maildev.SmtpPort;
            o.Smtp.Security = SmtpSecurity.None;
        });
        await host.PublishAsync(SendEmailActivityTests.ShippedFlow);
        try
        {
            var instance = await host.StartAsync("shipped", Input(recipient));
            instance.Status.ShouldBe(WorkflowStatus.Completed);
            var key = (await host.OutboxAsync()).ShouldHaveSingleItem().IdempotencyKey;

            (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(1);

            var email = (await maildev.WaitForAsync(recipient)).ShouldHaveSingleItem();
            email.Subject.ShouldBe("Order A-1001 has shipped");
            email.MessageId.ShouldBe(EmailPayload.MessageIdFor(key));
            ((string?)email.Headers["x-idempotency-key"]).ShouldBe(key);
            email.Cc.ShouldBe(["warehouse@shop.example"]);
            email.Text.ShouldContain("Track it at <https://track.example/1> & smile");
            email.Html.ShouldContain("Track it at &lt;https://track.example/1&gt; &amp; smile");
            email.Html.ShouldContain("<h1 style=\"margin:0 0 16px;font-size:20px;font-weight:600;\">On its way</h1>");
            host.PickupFiles().ShouldBeEmpty();

            // Nothing is due any more: no second copy.
            (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(0);
            (await maildev.ForRecipientAsync(recipient)).Count.ShouldBe(1);
            (await host.OutboxAsync()).ShouldHaveSingleItem().Status.ShouldBe("Dispatched");
        }
        finally
        {
            await maildev.DeleteForRecipientAsync(recipient);
        }
    }

    [Fact]
    public async Task When_smtp_is_down_the_email_is_retried_and_delivered_exactly_once_when_it_returns()
    {
        await maildev.EnsureRunningAsync();
        var recipient = UniqueRecipient();
        var port = TcpForwarder.FindClosedPort();
        await using var host = await MessagingHost.CreateAsync(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = port;
            o.Smtp.Security = SmtpSecurity.None;
            o.Smtp.Timeout = TimeSpan.FromSeconds(5);
        });
        await host.PublishAsync(SendEmailActivityTests.ShippedFlow);
        try
        {
            await host.StartAsync("shipped", Input(recipient));
            var id = (await host.Dispatcher.FindDueAsync(CancellationToken.None)).ShouldHaveSingleItem();

            // The SMTP server is down: the attempt fails and a retry is scheduled.
            var failed = await host.Dispatcher.DispatchAsync(id, CancellationToken.None);
            failed.Delivered.ShouldBeFalse();
            failed.RetryAt.ShouldBe(host.Clock.GetUtcNow() + TimeSpan.FromSeconds(10));
            var pending = (await host.OutboxAsync()).ShouldHaveSingleItem();
            pending.Status.ShouldBe("Pending");
            pending.Attempts.ShouldBe(1);
            pending.NextAttemptAt.ShouldBe(failed.RetryAt);
            pending.LastError.ShouldNotBeNull().ShouldContain("refused", Case.Insensitive);

            // The server comes back at the same address; the retry is not due yet.
            await using var smtpIsBack = TcpForwarder.Start(port, maildev.SmtpPort);
            (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(0);
            (await maildev.ForRecipientAsync(recipient)).ShouldBeEmpty();

            host.Clock.Advance(TimeSpan.FromSeconds(10));
            (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(1);

            var email = (await maildev.WaitForAsync(recipient)).ShouldHaveSingleItem();
            email.Subject.ShouldBe("Order A-1001 has shipped");
            email.MessageId.ShouldBe(EmailPayload.MessageIdFor(pending.IdempotencyKey));
            var sent = (await host.OutboxAsync()).ShouldHaveSingleItem();
            sent.Status.ShouldBe("Dispatched");
            sent.Attempts.ShouldBe(2);

            host.Clock.Advance(TimeSpan.FromHours(2));
            (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(0);
            (await maildev.ForRecipientAsync(recipient)).Count.ShouldBe(1);
        }
        finally
        {
            await maildev.DeleteForRecipientAsync(recipient);
        }
    }
}
