KLAVIYO_BASE_URL = "https://a.klaviyo.com/api"
