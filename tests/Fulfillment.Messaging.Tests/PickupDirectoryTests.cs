using Fulfillment.Messaging.Transports;
using Fulfillment.Messaging.Tests.Infrastructure;
using Fulfillment.Workflows.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;

namespace Fulfillment.Messaging.Tests;

public sealed class PickupDirectoryTests : IDisposable
{
    private static readonly DateTimeOffset QueuedAt = new(2026, 3, 2, 8, 30, 0, TimeSpan.Zero);
    private readonly TempDirectory _directory = new();
    private readonly EmailOutboxHandler _handler;

    public PickupDirectoryTests()
    {
        var options = new TestOptionsMonitor<EmailOptions>(new EmailOptions
        {
            From = "Shop <orders@shop.example>",
            PickupDirectory = Path.Combine(_directory.Path, "mail"),
        });
        _handler = new EmailOutboxHandler(
            new ConfiguredEmailTransport(options, new SmtpEmailTransport(options, NullLogger<SmtpEmailTransport>.Instance), new PickupDirectoryTransport(options)),
            options,
            NullLogger<EmailOutboxHandler>.Instance);
    }

    private string MailDirectory => Path.Combine(_directory.Path, "mail");

    public void Dispose() => _directory.Dispose();

    private static OutboxMessage Message(string idempotencyKey, EmailPayload payload) =>
        new(Guid.NewGuid(), EmailPayload.Kind, idempotencyKey, payload.ToJson(), "instance-1", QueuedAt);

    private static readonly EmailPayload Shipped = new(
        ["\"Lee, Ann\" <ann@example.org>", "bob@example.org"],
        ["warehouse@shop.example"],
        "Order A-1001 has shipped – Ünïcode",
        "<p>Your order <b>A-1001</b> is on its way.</p>",
        "Your order A-1001 is on its way.",
        "generic");

    [Fact]
    public async Task A_message_is_written_as_one_valid_eml_file_named_after_its_message_id()
    {
        await _handler.HandleAsync(Message("instance-1/mail/1", Shipped), CancellationToken.None);

        var file = Directory.GetFiles(MailDirectory).ShouldHaveSingleItem();
        var messageId = EmailPayload.MessageIdFor("instance-1/mail/1");
        Path.GetFileName(file).ShouldBe($"{messageId}.eml");
        messageId.ShouldMatch("^[0-9a-f]{32}@fulfillment\\.local$");

        var parsed = await MimeMessage.LoadAsync(file);
        parsed.MessageId.ShouldBe(messageId);
        parsed.Headers[EmailOutboxHandler.IdempotencyHeader].ShouldBe("instance-1/mail/1");
        parsed.Date.ShouldBe(QueuedAt);
        parsed.From.Mailboxes.Select(m => (m.Name, m.Address)).ShouldBe([("Shop", "orders@shop.example")]);
        parsed.To.Mailboxes.Select(m => (m.Name, m.Address)).ShouldBe([("Lee, Ann", "ann@example.org"), (string.Empty, "bob@example.org")]);
        parsed.Cc.Mailboxes.ShouldHaveSingleItem().Address.ShouldBe("warehouse@shop.example");
        parsed.Subject.ShouldBe("Order A-1001 has shipped – Ünïcode");

        var alternative = parsed.Body.ShouldBeOfType<MultipartAlternative>();
        alternative.Select(p => p.ContentType.MimeType).ShouldBe(["text/plain", "text/html"]);
        parsed.TextBody.ShouldNotBeNull().TrimEnd().ShouldBe("Your order A-1001 is on its way.");
        parsed.HtmlBody.ShouldNotBeNull().TrimEnd().ShouldBe("<p>Your order <b>A-1001</b> is on its way.</p>");
    }

    [Fact]
    public async Task The_same_message_sent_twice_leaves_one_file()
    {
        await _handler.HandleAsync(Message("instance-1/mail/1", Shipped), CancellationToken.None);

        // A repeat after a crash: same idempotency key, so same Message-Id and file.
        await _handler.HandleAsync(Message("instance-1/mail/1", Shipped), CancellationToken.None);

        var file = Directory.GetFiles(MailDirectory).ShouldHaveSingleItem();
        var parsed = await MimeMessage.LoadAsync(file);
        parsed.MessageId.ShouldBe(EmailPayload.MessageIdFor("instance-1/mail/1"));
        parsed.Subject.ShouldBe(Shipped.Subject);
        Directory.GetFiles(MailDirectory, "*.tmp", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task Each_pass_of_a_loop_is_its_own_message()
    {
        await _handler.HandleAsync(Message("instance-1/mail/1", Shipped), CancellationToken.None);
        await _handler.HandleAsync(Message("instance-1/mail/2", Shipped), CancellationToken.None);

        Directory.GetFiles(MailDirectory, "*.eml").Length.ShouldBe(2);
    }

    [Fact]
    public async Task A_cancelled_send_leaves_no_file_behind()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => _handler.HandleAsync(Message("instance-1/mail/1", Shipped), cancelled.Token));

        (Directory.Exists(MailDirectory) ? Directory.GetFiles(MailDirectory) : []).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_payload_that_is_not_an_email_is_an_error_for_the_dispatcher_to_record()
    {
        var message = new OutboxMessage(Guid.NewGuid(), EmailPayload.Kind, "k", """{"subject":"no recipients"}""", null, QueuedAt);

        (await Should.ThrowAsync<FormatException>(() => _handler.HandleAsync(message, CancellationToken.None)))
            .Message.ShouldContain("needs to, subject, html and text");
    }

    [Theory]
    [InlineData("abc@fulfillment.local", "abc@fulfillment.local.eml")]
    [InlineData("<a/b:c@host>", "a_b_c@host.eml")]
    public void File_names_come_from_the_message_id(string messageId, string fileName) =>
        PickupDirectoryTransport.FileNameFor(messageId).ShouldBe(fileName);
}
