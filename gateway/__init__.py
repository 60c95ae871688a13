"""The hub's HTTP gateway: the OAuth2-secured API partners publish and read through.

``gateway.auth`` is the OAuth 2.0 layer (embedded authorization server or an
external IdP's tokens), ``gateway.problems`` the RFC 9457 error shape every
route answers with.
"""
