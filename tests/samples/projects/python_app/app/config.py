from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    klaviyo_base_url: str = "https://a.klaviyo.com/api"
    timeout: int = 10


settings = Settings()
