KLAVIYO_URL = "https://a.klaviyo.com/api"
