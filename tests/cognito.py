"""A Cognito user pool in moto (in-process or server mode) as the product's stack makes it: email sign-in, a public
app client (no secret) for the web app. moto issues real RS256-signed tokens with its own pool keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASSWORD = "Resume-chat-9-test"


@dataclass(frozen=True)
class Pool:
    cognito: Any  # a boto3 cognito-idp client
    pool_id: str
    client_id: str

    @classmethod
    def create(cls, cognito: Any, name: str = "resume-chat") -> Pool:
        pool_id = cognito.create_user_pool(PoolName=name, UsernameAttributes=["email"])["UserPool"]["Id"]
        client_id = cognito.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="web",
            GenerateSecret=False,
            ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]["ClientId"]
        return cls(cognito, pool_id, client_id)

    def other_client(self) -> str:
        """A second app client of the same pool (its tokens name another audience)."""
        return str(
            self.cognito.create_user_pool_client(
                UserPoolId=self.pool_id, ClientName="other", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
            )["UserPoolClient"]["ClientId"]
        )

    def invite(self, email: str, password: str = PASSWORD) -> str:
        """Add a person with a permanent password (as an invited person who has set theirs); returns their `sub`."""
        self.cognito.admin_create_user(
            UserPoolId=self.pool_id,
            Username=email,
            UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
            MessageAction="SUPPRESS",
        )
        self.cognito.admin_set_user_password(UserPoolId=self.pool_id, Username=email, Password=password, Permanent=True)
        user = self.cognito.admin_get_user(UserPoolId=self.pool_id, Username=email)
        return next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")

    def sign_in(self, email: str, password: str = PASSWORD, client_id: str | None = None) -> dict[str, Any]:
        """Cognito's AuthenticationResult: IdToken, AccessToken, RefreshToken, ExpiresIn."""
        return dict(
            self.cognito.initiate_auth(
                AuthFlow="USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
                ClientId=client_id or self.client_id,
            )["AuthenticationResult"]
        )

    def refresh(self, refresh_token: str) -> dict[str, Any]:
        return dict(
            self.cognito.initiate_auth(
                AuthFlow="REFRESH_TOKEN_AUTH",
                AuthParameters={"REFRESH_TOKEN": refresh_token},
                ClientId=self.client_id,
            )["AuthenticationResult"]
        )
