using System.ComponentModel.DataAnnotations;

namespace Fulfillment.Server.Studio.Account;

/// <summary>What the login form posts.</summary>
internal sealed class LoginForm
{
    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    public string Email { get; set; } = string.Empty;

    [Required(ErrorMessage = "Enter your password.")]
    public string Password { get; set; } = string.Empty;
}
