using System.Text.Json.Nodes;
using Fulfillment.Messaging.Templates;
using Fulfillment.Messaging.Tests.Infrastructure;
using Fulfillment.Workflows.Descriptors;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Fulfillment.Messaging.Tests;

public sealed class SendEmailActivityTests
{
    /// <summary>Tells a customer their order shipped, with the generic template.</summary>
    public const string ShippedFlow = """
        {
          "schemaVersion": 1, "id": "shipped", "name": "Shipped notice",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "mail", "type": "SendEmail", "name": "Tell the customer",
              "inputs": {
                "to": { "expr": "input.email" },
                "cc": { "expr": "input.cc" },
                "template": { "expr": "input.template || 'generic'" },
                "model": { "expr": "({ subject: 'Order ' + input.order + ' has shipped', heading: 'On its way', body: input.body })" }
              },
              "outputs": { "messageId": "messageId" } }
          ],
          "connections": [ { "from": "start", "to": "mail" } ]
        }
        """;

    /// <summary>The delay-then-email scenario: wait two days, then remind.</summary>
    private const string ReminderFlow = """
        {
          "schemaVersion": 1, "id": "remind", "name": "Remind later",
          "activities": [
            { "id": "start", "type": "Start" },
            { "id": "wait", "type": "Delay", "inputs": { "duration": "P2D" } },
            { "id": "remind", "type": "SendEmail",
              "inputs": {
                "to": ["Ann Lee <ann@example.org>"],
                "template": "reminder",
                "subject": { "expr": "input.subject" },
                "model": { "expr": "({ title: 'Approve order ' + input.order, name: 'Ann' })" }
              } }
          ],
          "connections": [ { "from": "start", "to": "wait" }, { "from": "wait", "to": "remind" } ]
        }
        """;

    private static JsonObject ShippedInput(string email = "ann@example.org", string? template = null) => new()
    {
        ["email"] = email,
        ["cc"] = new JsonArray("warehouse@shop.example"),
        ["order"] = "A-1001",
        ["body"] = "Track it at <https://track.example/1>",
        ["template"] = template,
    };

    [Fact]
    public async Task Send_email_is_in_the_palette_under_Messaging_with_its_inputs()
    {
        await using var host = await MessagingHost.CreateAsync();

        var registry = host.Services.GetRequiredService<ActivityRegistry>();
        registry.TryGet("SendEmail", out var descriptor).ShouldBeTrue();
        descriptor!.Category.ShouldBe("Messaging");
        descriptor.DisplayName.ShouldBe("Send email");
        descriptor.Inputs.Select(i => (i.Name, i.Required)).ShouldBe(
            [("to", true), ("cc", false), ("subject", false), ("template", true), ("model", false)], ignoreOrder: true);
        descriptor.Outputs.ShouldHaveSingleItem().Name.ShouldBe("messageId");
    }

    [Fact]
    public async Task The_email_is_rendered_when_the_activity_runs_queued_in_the_outbox_and_written_to_the_pickup_folder_on_dispatch()
    {
        await using var host = await MessagingHost.CreateAsync();
        await host.PublishAsync(ShippedFlow);

        var instance = await host.StartAsync("shipped", ShippedInput());

        instance.Status.ShouldBe(WorkflowStatus.Completed);
        var queued = (await host.OutboxAsync()).ShouldHaveSingleItem();
        queued.Kind.ShouldBe("email");
        queued.Status.ShouldBe("Pending");
        queued.IdempotencyKey.ShouldBe($"{instance.Id}/mail/1");
        var messageId = EmailPayload.MessageIdFor(queued.IdempotencyKey);
        (await host.GetDetailsAsync(instance.Id)).Variables["messageId"]!.GetValue<string>().ShouldBe(messageId);
        host.PickupFiles().ShouldBeEmpty();

        (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(1);

        var file = host.PickupFiles().ShouldHaveSingleItem();
        var email = await MimeMessage.LoadAsync(file);
        email.MessageId.ShouldBe(messageId);
        email.Subject.ShouldBe("Order A-1001 has shipped");
        email.From.Mailboxes.Select(m => (m.Name, m.Address)).ShouldBe([("Fulfillment", "no-reply@fulfillment.local")]);
        email.To.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("ann@example.org");
        email.Cc.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("warehouse@shop.example");
        email.HtmlBody.ShouldNotBeNull().ShouldContain("Track it at &lt;https://track.example/1&gt;");
        email.TextBody.ShouldNotBeNull().ShouldContain("Track it at <https://track.example/1>");
        (await host.OutboxAsync()).ShouldHaveSingleItem().Status.ShouldBe("Dispatched");
    }

    [Fact]
    public async Task A_reminder_goes_out_after_the_delay_and_not_before()
    {
        await using var host = await MessagingHost.CreateAsync();
        await host.PublishAsync(ReminderFlow);

        var instance = await host.StartAsync("remind", new JsonObject { ["order"] = "A-7" });
        instance.Status.ShouldBe(WorkflowStatus.Suspended);
        (await host.Runtime.FireDueTimersAsync(host.Clock.GetUtcNow(), host.Clock.SetUtcNow, CancellationToken.None)).ShouldBe(0);
        (await host.OutboxAsync()).ShouldBeEmpty();

        host.Clock.Advance(TimeSpan.FromDays(2));
        (await host.Runtime.FireDueTimersAsync(host.Clock.GetUtcNow(), host.Clock.SetUtcNow, CancellationToken.None)).ShouldBe(1);
        (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(1);

        (await host.GetDetailsAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Completed);
        var email = await MimeMessage.LoadAsync(host.PickupFiles().ShouldHaveSingleItem());
        email.Subject.ShouldBe("Reminder: Approve order A-7");
        email.Date.ShouldBe(new DateTimeOffset(2026, 3, 4, 8, 0, 0, TimeSpan.Zero));
        email.To.Mailboxes.ShouldHaveSingleItem().Name.ShouldBe("Ann Lee");
        email.TextBody.ShouldNotBeNull().ShouldContain("Hello Ann,");
    }

    [Fact]
    public async Task A_subject_input_overrides_the_template_subject()
    {
        await using var host = await MessagingHost.CreateAsync();
        await host.PublishAsync(ReminderFlow);

        await host.StartAsync("remind", new JsonObject { ["order"] = "A-8", ["subject"] = "Please look at A-8\r\n  today" });
        host.Clock.Advance(TimeSpan.FromDays(2));
        await host.Runtime.FireDueTimersAsync(host.Clock.GetUtcNow(), host.Clock.SetUtcNow, CancellationToken.None);
        await host.Dispatcher.DispatchDueAsync(CancellationToken.None);

        (await MimeMessage.LoadAsync(host.PickupFiles().ShouldHaveSingleItem())).Subject.ShouldBe("Please look at A-8 today");
    }

    [Fact]
    public async Task A_template_error_faults_the_instance_naming_the_file_and_line_and_a_retry_after_the_fix_sends_once()
    {
        await using var host = await MessagingHost.CreateAsync();
        host.Directory.Write("templates/shipping.subject.hbs", "{{subject}}");
        host.Directory.Write("templates/shipping.txt.hbs", "{{body}}");
        var html = host.Directory.Write("templates/shipping.html.hbs", "<h1>{{heading}}</h1>\n{{#if body}}\n<p>{{body}}</p>\n");
        await host.PublishAsync(ShippedFlow);

        var instance = await host.StartAsync("shipped", ShippedInput(template: "shipping"));

        instance.Status.ShouldBe(WorkflowStatus.Faulted);
        var incident = (await host.GetDetailsAsync(instance.Id)).Incident.ShouldNotBeNull();
        incident.ActivityId.ShouldBe("mail");
        incident.Message.ShouldStartWith("Email template 'shipping' (shipping.html.hbs, line 2): ");
        incident.Message.ShouldContain(html);
        (await host.OutboxAsync()).ShouldBeEmpty();

        // The operator fixes the template and retries the instance.
        File.WriteAllText(html, "<h1>{{heading}}</h1>\n{{#if body}}\n<p>{{body}}</p>\n{{/if}}\n");
        File.SetLastWriteTimeUtc(html, File.GetLastWriteTimeUtc(html).AddSeconds(5));
        await host.Runtime.RetryAsync(instance.Id, MessagingHost.Actor, CancellationToken.None);

        (await host.GetDetailsAsync(instance.Id)).Status.ShouldBe(WorkflowStatus.Completed);
        var queued = (await host.OutboxAsync()).ShouldHaveSingleItem();
        queued.IdempotencyKey.ShouldBe($"{instance.Id}/mail/1");
        (await host.Dispatcher.DispatchDueAsync(CancellationToken.None)).ShouldBe(1);
        (await MimeMessage.LoadAsync(host.PickupFiles().ShouldHaveSingleItem())).HtmlBody.ShouldNotBeNull().ShouldContain("<h1>On its way</h1>");
    }

    [Theory]
    [InlineData("ann@example.org, not-an-address", "Send email: To 'not-an-address' is not a valid email address.")]
    [InlineData("", "Send email needs at least one recipient in To.")]
    [InlineData("ann@", "Send email: To 'ann@' is not a valid email address.")]
    public async Task A_bad_recipient_faults_the_instance_with_a_clear_message_and_sends_nothing(string to, string message)
    {
        await using var host = await MessagingHost.CreateAsync();
        await host.PublishAsync(ShippedFlow);

        var instance = await host.StartAsync("shipped", ShippedInput(email: to));

        instance.Status.ShouldBe(WorkflowStatus.Faulted);
        (await host.GetDetailsAsync(instance.Id)).Incident.ShouldNotBeNull().Message.ShouldBe(message);
        (await host.OutboxAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_missing_template_faults_the_instance_naming_it()
    {
        await using var host = await MessagingHost.CreateAsync();
        await host.PublishAsync(ShippedFlow);

        var instance = await host.StartAsync("shipped", ShippedInput(template: "shiped"));

        (await host.GetDetailsAsync(instance.Id)).Incident.ShouldNotBeNull().Message.ShouldStartWith("Email template 'shiped': not found");
    }

    [Fact]
    public void Without_an_smtp_host_or_a_pickup_directory_the_options_are_rejected()
    {
        using var services = new ServiceCollection().AddLogging().AddFulfillmentEmail().BuildServiceProvider();

        var error = Should.Throw<OptionsValidationException>(() => services.GetRequiredService<IOptions<EmailOptions>>().Value);

        error.Message.ShouldContain("Fulfillment:Email needs either Smtp:Host (send by SMTP) or PickupDirectory (write .eml files).");
    }

    [Fact]
    public void The_renderer_the_activity_uses_is_the_one_registered()
    {
        using var services = new ServiceCollection().AddLogging().AddFulfillmentEmail(o => o.PickupDirectory = "mail").AddFulfillmentEmail().BuildServiceProvider();

        services.GetServices<IOutboxHandler>().ShouldHaveSingleItem().ShouldBeOfType<EmailOutboxHandler>();
        services.GetRequiredService<EmailTemplateRenderer>().ShouldNotBeNull();
    }
}
